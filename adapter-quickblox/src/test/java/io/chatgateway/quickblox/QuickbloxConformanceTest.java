package io.chatgateway.quickblox;

import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;

/** The conformance kit against the QuickBlox simulator, with a signed user session ({@code QB-Token}). */
class QuickbloxConformanceTest extends ChatProviderConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new QuickbloxTarget(false);
    }
}
