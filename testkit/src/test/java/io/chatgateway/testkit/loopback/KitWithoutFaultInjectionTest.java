package io.chatgateway.testkit.loopback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The kit on a target without fault injection: its fault tests are reported skipped, never passed or failed. */
class KitWithoutFaultInjectionTest {

    /** The loopback target with its fault injection hidden; run by the launcher below, not on its own. */
    static class WithoutFaults extends ChatProviderConformanceKit {
        @Override
        protected ConformanceTarget createTarget() {
            return new LoopbackTarget() {
                @Override
                public Optional<Faults> faults() {
                    return Optional.empty();
                }
            };
        }
    }

    @Test
    void should_report_fault_tests_skipped_and_run_the_rest_when_the_target_injects_no_faults() {
        Map<String, TestExecutionResult.Status> outcomes = new ConcurrentHashMap<>();
        // a launcher of its own, without auto-registered listeners: the inner run is not reported as tests of this build
        LauncherConfig config = LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false).enablePostDiscoveryFilterAutoRegistration(false)
                .build();
        LauncherFactory.create(config).execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(WithoutFaults.class))
                .build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        if (test.isTest()) {
                            outcomes.put(test.getDisplayName(), result.getStatus());
                        }
                    }
                });

        assertThat(outcomes).containsEntry("should_recover_a_read_from_one_server_error()", TestExecutionResult.Status.ABORTED)
                .containsEntry("should_fail_a_read_with_provider_unavailable_when_the_server_keeps_failing()",
                        TestExecutionResult.Status.ABORTED)
                .containsEntry("should_send_once_per_idempotency_key()", TestExecutionResult.Status.SUCCESSFUL);
        assertThat(outcomes.values()).doesNotContain(TestExecutionResult.Status.FAILED);
    }
}
