package dev.jitrl.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of PF4J's own demo, kept true by the compiled classes: the contract ({@code plugin-api}) depends on
 * nothing but the JDK and PF4J, the plugin never reaches into the host, and the host talks to the plugin only
 * through the contract (it loads the plugin's archive, never its classes).
 */
class LayeringTest {
  private static JavaClasses api;
  private static JavaClasses plugin;
  private static JavaClasses host;

  @BeforeAll
  static void importClasses() {
    api = classesOf("plugin-api");
    plugin = classesOf("jitrl-plugin");
    host = classesOf("host-adapters");
  }

  /** The main classes of a module of this build (integration tests run after the modules are compiled). */
  private static JavaClasses classesOf(String module) {
    Path dir = Path.of("..", module, "target", "classes").toAbsolutePath().normalize();
    assertTrue(Files.isDirectory(dir), dir + " is missing: build the modules first (mvn verify from the root)");
    JavaClasses imported = new ClassFileImporter().importPath(dir);
    assertTrue(imported.size() > 10, "too few classes under " + dir + ": " + imported.size());
    return imported;
  }

  @Test
  void pluginApi_dependsOnlyOnTheJdkAndPf4j() {
    classes().that().resideInAPackage("dev.jitrl.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("dev.jitrl.api..", "java..", "org.pf4j..")
        .because("plugin-api is the contract hosts and plugins share: it must stay free of implementations")
        .check(api);
  }

  @Test
  void plugin_neverReachesIntoTheHost() {
    noClasses().that().resideInAPackage("dev.jitrl.plugin..")
        .should().dependOnClassesThat().resideInAPackage("dev.jitrl.host..")
        .because("the plugin runs in any PF4J host through plugin-api")
        .check(plugin);
  }

  @Test
  void host_usesThePluginOnlyThroughTheContract() {
    noClasses().that().resideInAPackage("dev.jitrl.host..")
        .should().dependOnClassesThat().resideInAPackage("dev.jitrl.plugin..")
        .because("the host loads the plugin's archive and calls its extensions through plugin-api")
        .check(host);
  }
}
