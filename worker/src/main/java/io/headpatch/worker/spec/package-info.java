/**
 * Header specs: what a patch job checks and writes in the first bytes of each file.
 *
 * <p>A spec is YAML (see docs/spec-format.md): {@code name}, {@code description},
 * {@code headerLength}, guards under {@code match}, the optional {@code done} checks and fields under {@code set}. Load one with
 * {@link io.headpatch.worker.spec.HeaderSpec#load HeaderSpec.load} or, by template name or file
 * path, {@link io.headpatch.worker.spec.HeaderSpec#resolve HeaderSpec.resolve}; list the shipped
 * templates with {@link io.headpatch.worker.spec.BuiltInTemplates}. Loading validates everything
 * that can be known without a file and binds named parameters, so a loaded spec fails only on a
 * runtime value that does not fit ({@link io.headpatch.worker.spec.SpecValueException}).
 *
 * <p>Per file: {@link io.headpatch.worker.spec.HeaderSpec#isDone isDone} says whether it is already migrated,
 * {@link io.headpatch.worker.spec.HeaderSpec#guardFailure guardFailure} decides whether
 * the spec applies, {@link io.headpatch.worker.spec.HeaderSpec#target target} computes the new
 * header, and {@link io.headpatch.worker.spec.HeaderSpec#writtenRanges writtenRanges} says which
 * bytes may differ between the two.
 */
package io.headpatch.worker.spec;
