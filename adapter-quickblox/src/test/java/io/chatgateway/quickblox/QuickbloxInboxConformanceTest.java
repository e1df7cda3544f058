package io.chatgateway.quickblox;

import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.InboxConformanceKit;

/** The inbox cases of the conformance kit against the QuickBlox simulator. */
class QuickbloxInboxConformanceTest extends InboxConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new QuickbloxTarget(false);
    }
}
