package dev.streamscore.loadtest.run;

/** One target of the issue: what was measured against it, met or missed, and by how much. */
public record TargetRow(String target, String measured, Boolean met, String margin) {
    public String verdict() {
        return met == null ? "not measured" : met ? "met" : "MISSED";
    }
}
