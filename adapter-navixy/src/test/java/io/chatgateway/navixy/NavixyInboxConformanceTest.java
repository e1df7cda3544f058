package io.chatgateway.navixy;

import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.InboxConformanceKit;

/** The inbox cases of the conformance kit against the Navixy simulator. */
class NavixyInboxConformanceTest extends InboxConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return NavixyTarget.standard();
    }
}
