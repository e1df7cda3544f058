package io.chatgateway.it.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Adapters must be found on the module path as well as on the class path: this test puts the packaged
 * jars of core, its dependencies and every adapter into a fresh {@link ModuleLayer} (as {@code java
 * --module-path} would) and builds a gateway inside it through the public API.
 */
class ModulePathDiscoveryTest {

    @Test
    void should_find_every_adapter_when_running_on_the_module_path() throws Exception {
        List<Path> jars = ModuleJars.onClassPath();
        assumeTrue(ModuleJars.hasCore(jars),
                "core must be on the class path as a packaged jar (run with mvn verify)");
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Set<String> adapters = finder.findAll().stream().map(ModuleReference::descriptor)
                .filter(d -> d.provides().stream().anyMatch(p -> p.service().equals("io.chatgateway.spi.ChatProviderFactory")))
                .map(d -> d.name()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(adapters).as("adapter modules declaring provides").isNotEmpty();

        Configuration config = ModuleLayer.boot().configuration()
                .resolveAndBind(finder, ModuleFinder.of(), Set.of("io.chatgateway.core"));
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
        assertThat(layer.modules().stream().map(Module::getName)).containsAll(adapters);

        ClassLoader loader = layer.findLoader("io.chatgateway.core");
        Class<?> gateway = loader.loadClass("io.chatgateway.ChatGateway");
        Object builder = gateway.getMethod("builder").invoke(null);
        Class<?> builderType = builder.getClass();
        // an unknown provider id makes the gateway list every provider it discovered in the layer
        java.util.Properties p = new java.util.Properties();
        p.setProperty("chatgateway.account.probe.provider", "no-such-provider");
        builderType.getMethod("properties", java.util.Properties.class).invoke(builder, p);
        Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            builderType.getMethod("build").invoke(builder);
            throw new AssertionError("an unknown provider id must fail");
        } catch (java.lang.reflect.InvocationTargetException e) {
            String message = e.getCause().getMessage();
            for (String module : adapters) {
                String id = module.substring(module.lastIndexOf('.') + 1);
                assertThat(message).as("providers found on the module path").contains(id);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(ModulePathDiscoveryTest.class.getClassLoader());
        }
    }
}
