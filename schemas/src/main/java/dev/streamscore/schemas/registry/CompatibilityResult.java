package dev.streamscore.schemas.registry;

import java.util.List;

/** The registry's answer to a compatibility check, with its reasons when it is incompatible. */
public record CompatibilityResult(boolean compatible, List<String> messages) {
    public CompatibilityResult {
        messages = List.copyOf(messages);
    }
}
