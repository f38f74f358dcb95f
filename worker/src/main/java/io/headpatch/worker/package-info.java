/**
 * The header-patch engine: plain Java, no Spring, no SQL.
 *
 * <p>Packages, in the order a file meets them:
 * <ul>
 *   <li>{@link io.headpatch.worker.spec} — {@code HeaderSpec}: a YAML header spec (guards, typed fields with
 *       explicit byte order, values, checksums), validated at load; the built-in templates.</li>
 *   <li>{@link io.headpatch.worker.plan} — {@code PatchPlanner}: reads one file's header, reached from its root
 *       without following a link on any component and opening nothing but a regular file, and decides exactly one {@code Outcome}, with the
 *       bytes before and after for a write.</li>
 *   <li>{@link io.headpatch.worker.io} — {@code HeaderBatchWriter}: writes planned headers ({@code mmap}
 *       through a Chronicle Bytes view of page-aligned mappings, or {@code pwrite}) and syncs them as a batch.</li>
 *   <li>{@link io.headpatch.worker.check} — verify (re-read and compare) and rollback planning (restore the
 *       original where the header is the after-image or a torn mix of it, else CONFLICT).</li>
 * </ul>
 *
 * <p>{@link io.headpatch.worker.HeaderPatcher} puts planning and writing together. A caller that journals
 * (the job, following docs/design.md's crash protocol) plans, journals the PATCHED plans, then calls
 * {@code write}; a caller without a journal calls {@code patch}.
 */
package io.headpatch.worker;
