/** Shared by the flow's packages and depending on none of them: periodic tasks and SQL lists built from enums. */
package io.headpatch.job.support;
