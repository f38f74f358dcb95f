/**
 * Last: the Spring wiring of the steps above into the patch job, and the implementations of the
 * API of {@code io.headpatch.job}.
 */
package io.headpatch.job.config;
