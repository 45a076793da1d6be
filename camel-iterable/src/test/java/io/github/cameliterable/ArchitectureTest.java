package io.github.cameliterable;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The packages of shared/DESIGN.md, read from the compiled main classes: dependencies point down the data path
 * (shell -> observability -> sync -> mapping/state/client), nothing imports the Camel shell, and no package cycle.
 * Each package's {@code package-info.java} says the same in words.
 */
class ArchitectureTest {
    private static final String ROOT = "io.github.cameliterable";
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    @Test
    void noPackageCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void nothingBelowTheShellImportsIt() {
        noClasses().that()
                .resideOutsideOfPackage(ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT)
                .because("the Camel shell builds small settings records for the parts below it; they never reach up")
                .check(main);
    }

    @Test
    void theClientKnowsNothingOfCamelNorOfTheOtherPackages() {
        noClasses().that()
                .resideInAPackage(ROOT + ".client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.camel..", ROOT + ".sync..",
                        ROOT + ".mapping..", ROOT + ".state..", ROOT + ".observability..")
                .check(main);
    }

    @Test
    void safeTextIsALeaf() {
        noClasses().that()
                .resideInAPackage(ROOT + ".text..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.camel..", ROOT + ".client..",
                        ROOT + ".sync..", ROOT + ".mapping..", ROOT + ".state..", ROOT + ".observability..")
                .because("every package shows values through it, so it may import none of them")
                .check(main);
    }

    @Test
    void mappingAndStateNeverReachTheSyncTypesOrTheClient() {
        noClasses().that()
                .resideInAnyPackage(ROOT + ".mapping..", ROOT + ".state..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ROOT + ".sync..", ROOT + ".client..",
                        ROOT + ".observability..")
                .check(main);
    }

    @Test
    void syncTypesDoNotDependOnObservability() {
        noClasses().that()
                .resideInAPackage(ROOT + ".sync..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".observability..")
                .because("observability reads the sync report; the other way round would be a cycle")
                .check(main);
    }

    @Test
    void stateDoesNotDependOnMapping() {
        noClasses().that()
                .resideInAPackage(ROOT + ".state..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".mapping..")
                .check(main);
    }
}
