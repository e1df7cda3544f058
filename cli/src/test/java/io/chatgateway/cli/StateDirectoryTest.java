package io.chatgateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {

    @TempDir
    Path home;

    @Test
    void should_prefer_CHATGW_STATE_DIR_over_XDG_STATE_HOME() {
        StateDirectory dir = StateDirectory.resolve(
                Map.of("CHATGW_STATE_DIR", home.resolve("mine").toString(), "XDG_STATE_HOME", "/xdg"), home);
        assertThat(dir.path()).isEqualTo(home.resolve("mine"));
    }

    @Test
    void should_use_XDG_STATE_HOME_chatgw_when_set() {
        StateDirectory dir = StateDirectory.resolve(Map.of("XDG_STATE_HOME", home.resolve("xdg").toString()), home);
        assertThat(dir.path()).isEqualTo(home.resolve("xdg").resolve("chatgw"));
    }

    @Test
    void should_ignore_a_relative_XDG_STATE_HOME_as_the_spec_says() {
        StateDirectory dir = StateDirectory.resolve(Map.of("XDG_STATE_HOME", "relative"), home);
        assertThat(dir.path()).isEqualTo(home.resolve(".local/state/chatgw"));
    }

    @Test
    void should_default_to_local_state_chatgw_under_the_home_directory() {
        assertThat(StateDirectory.resolve(Map.of(), home).path()).isEqualTo(home.resolve(".local/state/chatgw"));
    }

    @Test
    void should_create_the_directory_on_first_use_and_give_an_h2_file_url_in_it() throws Exception {
        StateDirectory dir = StateDirectory.resolve(Map.of(), home);
        assertThat(dir.path()).doesNotExist();
        String url = dir.defaultH2Url();
        assertThat(dir.path()).isDirectory();
        assertThat(url).isEqualTo("jdbc:h2:file:" + home.resolve(".local/state/chatgw/chatgw") + ";AUTO_SERVER=TRUE");
        if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.path())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void should_fail_with_a_usage_error_naming_the_variable_when_the_directory_cannot_be_created() throws Exception {
        Path file = Files.writeString(home.resolve("a-file"), "x");
        StateDirectory dir = StateDirectory.resolve(Map.of("CHATGW_STATE_DIR", file.resolve("sub").toString()), home);
        assertThatThrownBy(dir::ensureExists).isInstanceOf(UsageException.class)
                .hasMessageContaining(file.resolve("sub").toString()).hasMessageContaining("CHATGW_STATE_DIR");
    }
}
