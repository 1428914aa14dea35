package dev.streamscore.local.testing;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Creates ACLs and returns once the broker answers with all of them. With KRaft, createAcls
 * completes when the controller has committed them; the broker that authorizes the next request
 * applies them a moment later, so a client started at once could still be refused.
 */
public final class Acls {
    private Acls() {
    }

    public static void createAndAwait(Admin admin, Collection<AclBinding> acls, Duration timeout)
            throws ExecutionException, InterruptedException {
        admin.createAcls(acls).all().get();
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<AclBinding> wanted = new HashSet<>(acls);
        while (true) {
            Set<AclBinding> seen = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
            if (seen.containsAll(wanted)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                wanted.removeAll(seen);
                throw new IllegalStateException("The broker does not show these ACLs after " + timeout + ": " + wanted);
            }
            Thread.sleep(100);
        }
    }
}
