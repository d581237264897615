package vn.tipline.system;

import org.springframework.boot.actuate.health.Status;

/** Health statuses of this service beyond Spring Boot's own (mapped to HTTP codes in application.yml). */
public final class HealthStatuses {

    /** A part that runs but cannot do all of its work now: visible, answered 200, the service stays in. */
    public static final Status DEGRADED = new Status("DEGRADED");

    private HealthStatuses() {
    }
}
