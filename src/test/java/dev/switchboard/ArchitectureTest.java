package dev.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Guards the dependency arrows of shared/DESIGN.md. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.switchboard");

  @Test
  void thePipelineDependsOnNoFeature() {
    noClasses().that().resideInAPackage("..pipeline..")
        .should().dependOnClassesThat().resideInAnyPackage("..api..", "..provider..",
            "..routing..", "..governance..", "..config..", "..observability..", "..mock..",
            "..cli..")
        .check(CLASSES);
  }

  @Test
  void adaptersImportNeitherEachOtherNorRoutingGovernanceOrStore() {
    noClasses().that().resideInAPackage("..provider..")
        .should().dependOnClassesThat().resideInAnyPackage("..routing..", "..governance..",
            "..store..", "..api..", "..config..", "..mock..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCompositionRootAndCliUseTheSimulator() {
    noClasses().that().resideOutsideOfPackages("..mock..", "..cli..")
        .and().doNotHaveFullyQualifiedName("dev.switchboard.Gateway")
        .and().doNotHaveFullyQualifiedName("dev.switchboard.EmbeddedSimulator")
        .should().dependOnClassesThat().resideInAPackage("..mock..")
        .check(CLASSES);
  }

  @Test
  void theSimulatorIsIndependentOfTheGateway() {
    noClasses().that().resideInAPackage("..mock..")
        .should().dependOnClassesThat().resideInAnyPackage("..api..", "..pipeline..",
            "..provider..", "..routing..", "..config..")
        .check(CLASSES);
  }
}
