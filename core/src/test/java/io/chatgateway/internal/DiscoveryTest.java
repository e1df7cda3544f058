package io.chatgateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatgateway.Capability;
import io.chatgateway.ChatGateway;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.Secret;
import io.chatgateway.spi.ChatProvider;
import io.chatgateway.spi.ChatProviderFactory;
import io.chatgateway.spi.ProviderConfig;
import io.chatgateway.spi.ProviderContext;
import io.chatgateway.spi.ProviderMetadata;
import io.chatgateway.spi.ProviderSettings;
import io.chatgateway.testprovider.LoopbackConfig;
import io.chatgateway.testprovider.LoopbackProviderFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {

    private static final String SERVICE = "META-INF/services/" + ChatProviderFactory.class.getName();

    /** A second factory claiming a taken id. */
    public static final class DuplicateA implements ChatProviderFactory {
        @Override
        public ProviderMetadata metadata() {
            return new ProviderMetadata("dup", "Dup A", null, Map.of(), 10, 10, 1, 1);
        }

        @Override
        public ProviderConfig configure(ProviderSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChatProvider create(ProviderConfig config, ProviderContext context) {
            throw new UnsupportedOperationException();
        }
    }

    /** Another class with the same id. */
    public static final class DuplicateB implements ChatProviderFactory {
        @Override
        public ProviderMetadata metadata() {
            return new ProviderMetadata("dup", "Dup B", null, Map.of(), 10, 10, 1, 1);
        }

        @Override
        public ProviderConfig configure(ProviderSettings settings) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChatProvider create(ProviderConfig config, ProviderContext context) {
            throw new UnsupportedOperationException();
        }
    }

    /** A factory that cannot be instantiated. */
    public static final class Broken implements ChatProviderFactory {
        /** Always fails. */
        public Broken() {
            throw new IllegalStateException("broken on purpose");
        }

        @Override
        public ProviderMetadata metadata() {
            return null;
        }

        @Override
        public ProviderConfig configure(ProviderSettings settings) {
            return null;
        }

        @Override
        public ChatProvider create(ProviderConfig config, ProviderContext context) {
            return null;
        }
    }

    /** Hides the services files of the class path, so that only the temp directory's are seen. */
    private static final class HidingServices extends ClassLoader {
        HidingServices(ClassLoader parent) {
            super(parent);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return name.startsWith("META-INF/services/") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    private static ClassLoader withServices(Path dir, boolean hideClassPath, Class<?>... factories) throws IOException {
        Path file = dir.resolve(SERVICE);
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder("# test\n");
        for (Class<?> f : factories) {
            sb.append(f.getName()).append('\n');
        }
        Files.writeString(file, sb.toString());
        ClassLoader parent = DiscoveryTest.class.getClassLoader();
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, hideClassPath ? new HidingServices(parent) : parent);
    }

    private static ChatGateway.Builder loopbackAccount() {
        return ChatGateway.builder().account("lb", new LoopbackConfig(URI.create("http://127.0.0.1:9"), Secret.of("t")));
    }

    @Test
    void should_find_the_in_test_provider_with_service_loader() {
        assertThat(ServiceLoader.load(ChatProviderFactory.class).stream().map(ServiceLoader.Provider::type).toList())
                .contains(LoopbackProviderFactory.class);
        assertThat(ProviderRegistry.discover(List.of(), null).factories()).containsKey("loopback");
        try (ChatGateway g = loopbackAccount().build()) {
            assertThat(g.capabilities("lb")).containsEntry(io.chatgateway.Capability.SEND, Capability.Support.NATIVE)
                    .containsEntry(io.chatgateway.Capability.SEND_ATTACHMENT, Capability.Support.UNSUPPORTED);
        }
    }

    @Test
    void should_fail_loudly_on_two_factories_with_one_id(@TempDir Path dir) throws IOException {
        ClassLoader loader = withServices(dir, false, DuplicateA.class, DuplicateB.class);
        assertThatThrownBy(() -> loopbackAccount().classLoader(loader).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("Two chat providers claim the id 'dup'")
                .hasMessageContaining(DuplicateA.class.getName()).hasMessageContaining(DuplicateB.class.getName());
        assertThatThrownBy(() -> ProviderRegistry.discover(List.of(new DuplicateA(), new DuplicateB()), null))
                .isInstanceOf(InvalidConfigurationException.class);
    }

    @Test
    void should_name_the_ids_found_when_an_id_is_unknown() {
        assertThatThrownBy(() -> ChatGateway.builder().account("x", "nope", new ProviderConfig() {
            @Override
            public String providerId() {
                return "nope";
            }

            @Override
            public URI baseUri() {
                return null;
            }
        }).build()).isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("No chat provider with id 'nope' was found; found: loopback.");
    }

    @Test
    void should_turn_a_broken_provider_into_a_configuration_error(@TempDir Path dir) throws IOException {
        ClassLoader first = withServices(dir.resolve("a"), true, Broken.class, LoopbackProviderFactory.class);
        assertThatThrownBy(() -> loopbackAccount().classLoader(first).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("could not be loaded");
        ClassLoader later = withServices(dir.resolve("b"), false, Broken.class);
        assertThatThrownBy(() -> loopbackAccount().classLoader(later).build())
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("could not be loaded");
    }

    @Test
    void should_use_explicit_factories_instead_of_discovery() {
        assertThatThrownBy(() -> loopbackAccount().providers(new DuplicateA()).build())
                .hasMessage("No chat provider with id 'loopback' was found; found: dup.");
    }

    @Test
    void should_reject_bad_builder_input() {
        assertThatThrownBy(() -> ChatGateway.builder().build()).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> loopbackAccount().account("lb", new LoopbackConfig(URI.create("http://x"), Secret.of("t"))))
                .hasMessageContaining("configured twice");
        assertThatThrownBy(() -> ChatGateway.builder().account("bad name", new LoopbackConfig(URI.create("http://x"),
                Secret.of("t")))).isInstanceOf(InvalidConfigurationException.class);
        assertThatThrownBy(() -> ChatGateway.builder().account("a", "navixy",
                new LoopbackConfig(URI.create("http://x"), Secret.of("t")))).hasMessageContaining("declared as navixy");
        assertThatThrownBy(() -> ChatGateway.builder().httpClient(java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NORMAL).build()))
                .hasMessageContaining("must not follow redirects");
        assertThatThrownBy(() -> ChatGateway.builder().maxResponseBytes(10)).isInstanceOf(InvalidConfigurationException.class);
    }
}
