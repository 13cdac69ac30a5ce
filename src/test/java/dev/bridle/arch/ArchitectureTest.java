package dev.bridle.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layers of DESIGN.md, kept by the build. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.bridle");
    }

    @Test
    void onlyTheAppUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage("dev.bridle.app..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx..", "atlantafx..",
                        "org.kordamp.ikonli..")
                .because("everything but the workbench is headless")
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.bridle.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCliPrintsToStandardOutput() {
        noClasses().that().resideOutsideOfPackage("dev.bridle.cli..")
                .and().doNotHaveFullyQualifiedName("dev.bridle.app.Workbench")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .because("the engine reports through events and exceptions; only the CLI prints (and the"
                        + " workbench's main, its one line when there is no display)")
                .check(classes);
    }

    @Test
    void theHeadlessCoreDoesNotReachUpIntoTheCliOrApp() {
        noClasses().that().resideOutsideOfPackages("dev.bridle.cli..", "dev.bridle.app..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bridle.cli..", "dev.bridle.app..")
                .check(classes);
    }

    @Test
    void theRuntimeStandsOnTheEngineAloneNotOnTheWorkbenchStoreOrScenarios() {
        noClasses().that().resideInAPackage("dev.bridle.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.bridle.app..", "dev.bridle.cli..",
                        "dev.bridle.scenario..", "dev.bridle.store..")
                .because("the runtime is embedded in other programs (docs/runtime.md)")
                .check(classes);
    }
}
