package io.chatgateway.navixy;

import io.chatgateway.testkit.ChatProviderConformanceKit;
import io.chatgateway.testkit.ConformanceTarget;
import io.chatgateway.testkit.navixy.NavixySimulator;
import java.time.ZoneId;

/**
 * The conformance kit again with the zone-less date/time format, the zone asked from the account
 * ({@code user/get_info}, America/New_York) and a login + password session.
 */
class NavixyPlainTimeConformanceTest extends ChatProviderConformanceKit {

    @Override
    protected ConformanceTarget createTarget() {
        return new NavixyTarget(ZoneId.of("America/New_York"), b -> b.isoDateTime(false)
                .login(NavixySimulator.DEMO_LOGIN, NavixySimulator.DEMO_PASSWORD));
    }
}
