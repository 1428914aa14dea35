package dev.streamscore.drift.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per segment field, per group value, {@link GroupCounts}; at most {@code maxGroups} values per
 * field are kept apart, the rest are counted together as {@value #OTHER}.
 */
public final class SegmentCounts {
    public static final String OTHER = "__other__";
    /** The group of events that lack the field. */
    public static final String MISSING = "__missing__";

    private final Map<String, Map<String, GroupCounts>> fields = new TreeMap<>();

    public void add(String field, String value, GroupCounts counts, int maxGroups) {
        Map<String, GroupCounts> groups = fields.computeIfAbsent(field, f -> new TreeMap<>());
        String group = value == null ? MISSING : value;
        if (!groups.containsKey(group) && groups.size() >= maxGroups) {
            group = OTHER;
        }
        groups.merge(group, counts, GroupCounts::plus);
    }

    public void merge(SegmentCounts other, int maxGroups) {
        other.fields.forEach((field, groups) -> groups.forEach((value, counts) -> add(field, value, counts, maxGroups)));
    }

    /** Field to group value to counts. */
    public Map<String, Map<String, GroupCounts>> fields() {
        return Collections.unmodifiableMap(fields);
    }

    void writeTo(DataOutput out) throws IOException {
        out.writeInt(fields.size());
        for (Map.Entry<String, Map<String, GroupCounts>> field : fields.entrySet()) {
            out.writeUTF(field.getKey());
            out.writeInt(field.getValue().size());
            for (Map.Entry<String, GroupCounts> group : field.getValue().entrySet()) {
                out.writeUTF(group.getKey());
                GroupCounts c = group.getValue();
                out.writeLong(c.events());
                out.writeLong(c.positiveDecisions());
                out.writeLong(c.positiveLabels());
                out.writeLong(c.truePositives());
            }
        }
    }

    static SegmentCounts readFrom(DataInput in) throws IOException {
        SegmentCounts s = new SegmentCounts();
        int fieldCount = in.readInt();
        for (int i = 0; i < fieldCount; i++) {
            String field = in.readUTF();
            int groupCount = in.readInt();
            Map<String, GroupCounts> groups = new TreeMap<>();
            for (int j = 0; j < groupCount; j++) {
                groups.put(in.readUTF(), new GroupCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong()));
            }
            s.fields.put(field, groups);
        }
        return s;
    }
}
