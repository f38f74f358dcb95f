/**
 * Second: the manifest split into id ranges of equal row counts, stored so a restart gets the same
 * partitions; each partition's {@link io.headpatch.job.partition.PartitionRange} travels in its step
 * execution context, and the worker that runs it is recorded.
 */
package io.headpatch.job.partition;
