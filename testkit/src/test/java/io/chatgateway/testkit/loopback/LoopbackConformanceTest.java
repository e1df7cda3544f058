package io.chatgateway.testkit.loopback;

import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;

/** The conformance kit against core's in-test provider {@code loopback} (from core's test-jar). */
class LoopbackConformanceTest extends ChatProviderConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new LoopbackTarget();
    }
}
