/**
 * Fifth, instead of local threads: the partitions sent to worker processes through PostgreSQL
 * (spring-integration-jdbc), worker heartbeats, and the lease that fails a silent worker's partitions.
 */
package io.headpatch.job.remote;
