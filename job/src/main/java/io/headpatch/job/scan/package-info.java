/**
 * First in the flow: the scan step lists the files of the roots or of a manifest file into
 * {@code hp_file} with one COPY, once per job instance, without following links; the
 * {@link io.headpatch.job.scan.ManifestRecord} names the result for the steps after it.
 */
package io.headpatch.job.scan;
