package ks.api.io;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An I/O completion port: final completion of an IRP on a file object bound to a port posts a
 * packet {Key, ApcContext, Status, Information} when the request carried an ApcContext (KsStreamIo's
 * PortContext).
 */
public final class IoCompletionPort {

    /** One completion packet. */
    public static final class Packet {
        private final Object key;
        private final Object apcContext;
        private final int status;
        private final long information;

        public Packet(Object key, Object apcContext, int status, long information) {
            this.key = key;
            this.apcContext = apcContext;
            this.status = status;
            this.information = information;
        }

        public Object key() {
            return key;
        }

        public Object apcContext() {
            return apcContext;
        }

        public int status() {
            return status;
        }

        public long information() {
            return information;
        }
    }

    private final LinkedBlockingQueue<Packet> packets = new LinkedBlockingQueue<>();

    /** Posts a packet (IoSetIoCompletion). */
    public void post(Object key, Object apcContext, int status, long information) {
        packets.add(new Packet(key, apcContext, status, information));
    }

    /** Removes the next packet, waiting up to the timeout; null on timeout. */
    public Packet remove(long timeout, TimeUnit unit) throws InterruptedException {
        return packets.poll(timeout, unit);
    }

    /** Packets waiting. */
    public int size() {
        return packets.size();
    }
}
