package io.chatgateway.smsbat;

import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.InboxConformanceKit;

/** The inbox cases of the conformance kit against the SMSBAT simulator. */
class SmsbatInboxConformanceTest extends InboxConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new SmsbatConformanceTest.Target();
    }
}
