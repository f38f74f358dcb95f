/**
 * Last: the Spring wiring, one configuration per concern: the job and its worker step
 * ({@code HeadpatchJobConfiguration}), the chunk's parts, the tasklet steps around the partitions,
 * local or remote partitioning (chosen by the {@link io.headpatch.job.config.RemotePartitioningConfiguration#PROFILE}
 * profile), and the API's implementations.
 */
package io.headpatch.job.config;
