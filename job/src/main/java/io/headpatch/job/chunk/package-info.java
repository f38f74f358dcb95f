/**
 * Third: the worker step of one partition, a chunk at a time: the keyset reader, the planning
 * processor, and the writer that follows the crash protocol (docs/design.md): journal first, write,
 * sync, then outcomes and checkpoint in one commit.
 */
package io.headpatch.job.chunk;
