/** Shared by the flow's packages and depending on none of them: the host identity and periodic tasks. */
package io.headpatch.job.support;
