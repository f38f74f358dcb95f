/**
 * Before the flow: a launch request encoded once into Spring Batch job parameters, and decoded once
 * per step into the typed {@link io.headpatch.job.parameters.PatchJobParameters} every step reads.
 */
package io.headpatch.job.parameters;
