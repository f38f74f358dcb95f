/** Sixth, beside {@code job.lifecycle}: the job API's queries, over the reporting views. */
package io.headpatch.job.report;
