package vn.tipline.retention;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import vn.tipline.account.AuditLog;

/** Every run of the retention policy, daily or asked for, goes in the audit log with its counts (and only counts). */
@Component
class RetentionAudit {

    private final AuditLog audit;

    RetentionAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void on(RetentionRan ran) {
        audit.record(Retention.ACTOR, AuditLog.Action.RETENTION_RUN, null, ran.report().summary());
    }
}
