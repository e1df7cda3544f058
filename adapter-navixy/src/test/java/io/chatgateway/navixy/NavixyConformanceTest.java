package io.chatgateway.navixy;

import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;

/** The conformance kit against the Navixy simulator: API key, ISO date/times, account zone Asia/Kathmandu. */
class NavixyConformanceTest extends ChatProviderConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return NavixyTarget.standard();
    }
}
