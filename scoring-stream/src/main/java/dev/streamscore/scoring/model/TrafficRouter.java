package dev.streamscore.scoring.model;

/**
 * Decides whether an event is answered by the challenger: a stable hash of the entity key mapped to
 * [0, 1) and compared with the challenger's traffic share, so an entity always sees the same model
 * while the share is unchanged and the split is the same on every task and after restarts.
 */
public final class TrafficRouter {
    private TrafficRouter() {
    }

    public static boolean toChallenger(byte[] key, double share) {
        if (share <= 0) {
            return false;
        }
        if (share >= 1) {
            return true;
        }
        return bucket(key) < share;
    }

    /** A key's position in [0, 1): 64-bit FNV-1a of the key bytes (null key: its own fixed bucket). */
    static double bucket(byte[] key) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : key == null ? new byte[0] : key) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        // Finalize so that keys differing only in their last byte spread over the whole range.
        hash ^= hash >>> 33;
        hash *= 0xff51afd7ed558ccdL;
        hash ^= hash >>> 33;
        return (hash >>> 11) * 0x1.0p-53;
    }
}
