package io.headpatch.perf;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module boundaries of docs/design.md, checked on the main classes of every module (perf is the
 * one module whose test classpath holds them all).
 */
@AnalyzeClasses(packages = "io.headpatch", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule workerHasNoSpringAndNoSql = noClasses()
            .that().resideInAPackage("io.headpatch.worker..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..", "javax.sql..",
                    "org.postgresql..", "com.zaxxer.hikari..", "org.flywaydb..")
            .because("worker is the plain-Java engine: the job module adapts it to Spring Batch and SQL");

    @ArchTest
    static final ArchRule workerDependsOnNoOtherModule = noClasses()
            .that().resideInAPackage("io.headpatch.worker..")
            .should().dependOnClassesThat().resideInAnyPackage("io.headpatch.job..", "io.headpatch.ops..", "io.headpatch.perf..");

    @ArchTest
    static final ArchRule opsAndPerfUseOnlyTheJobApi = noClasses()
            .that().resideInAnyPackage("io.headpatch.ops..", "io.headpatch.perf..")
            .should().dependOnClassesThat(resideInAPackage("io.headpatch.job..").and(not(resideInAPackage("io.headpatch.job"))))
            .because("io.headpatch.job is the job module's API; everything inside it may change");

    @ArchTest
    static final ArchRule jobDependsOnNeitherOpsNorPerf = noClasses()
            .that().resideInAPackage("io.headpatch.job..")
            .should().dependOnClassesThat().resideInAnyPackage("io.headpatch.ops..", "io.headpatch.perf..");

    @ArchTest
    static final ArchRule modulesAreFreeOfCycles = slices().matching("io.headpatch.(*)..").should().beFreeOfCycles();

    /** The job's inner packages follow the flow (parameters, scan, partition, chunk, outcome, remote, lifecycle and report, config): no way back. */
    @ArchTest
    static final ArchRule jobPackagesAreFreeOfCycles = slices().matching("io.headpatch.job.(*)..").should().beFreeOfCycles();

    @ArchTest
    static void theRulesSeeEveryModule(JavaClasses classes) {
        for (String module : new String[] {"worker", "job", "ops", "perf"}) {
            if (!classes.containPackage("io.headpatch." + module)) {
                throw new AssertionError("no classes of module " + module + " imported; the rules above would pass vacuously");
            }
        }
    }
}
