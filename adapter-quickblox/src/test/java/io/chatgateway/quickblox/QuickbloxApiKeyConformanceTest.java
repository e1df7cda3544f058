package io.chatgateway.quickblox;

import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;

/** The conformance kit against the QuickBlox simulator, with an API key and {@code On-Behalf-Of}. */
class QuickbloxApiKeyConformanceTest extends ChatProviderConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new QuickbloxTarget(true);
    }
}
