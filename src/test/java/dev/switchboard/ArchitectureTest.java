package dev.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** Guards the dependency arrows of shared/DESIGN.md. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(location -> !location.contains("/test-classes/"))
      .importPackages("dev.switchboard");

  @Test
  void thePipelineDependsOnNoFeature() {
    noClasses().that().resideInAPackage("dev.switchboard.pipeline..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.api..", "dev.switchboard.provider..",
            "dev.switchboard.routing..", "dev.switchboard.governance..", "dev.switchboard.config..", "dev.switchboard.observability..", "dev.switchboard.mock..",
            "dev.switchboard.cli..")
        .check(CLASSES);
  }

  @Test
  void adaptersImportNeitherEachOtherNorRoutingGovernanceOrStore() {
    noClasses().that().resideInAPackage("dev.switchboard.provider..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.routing..", "dev.switchboard.governance..",
            "dev.switchboard.store..", "dev.switchboard.api..", "dev.switchboard.config..", "dev.switchboard.mock..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCompositionRootAndCliUseTheSimulator() {
    noClasses().that().resideOutsideOfPackages("dev.switchboard.mock..", "dev.switchboard.cli..")
        .and().doNotHaveFullyQualifiedName("dev.switchboard.Gateway")
        .and().doNotHaveFullyQualifiedName("dev.switchboard.EmbeddedSimulator")
        .should().dependOnClassesThat().resideInAPackage("dev.switchboard.mock..")
        .check(CLASSES);
  }

  @Test
  void theSimulatorIsIndependentOfTheGateway() {
    noClasses().that().resideInAPackage("dev.switchboard.mock..")
        .should().dependOnClassesThat().resideInAnyPackage("dev.switchboard.api..", "dev.switchboard.pipeline..",
            "dev.switchboard.provider..", "dev.switchboard.routing..", "dev.switchboard.config..")
        .check(CLASSES);
  }
}
