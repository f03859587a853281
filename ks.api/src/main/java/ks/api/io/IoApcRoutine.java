package ks.api.io;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * PIO_APC_ROUTINE: a user APC that final completion queues to the thread that issued a request
 * (Overlay.AsynchronousParameters.UserApcRoutine). It runs on that thread, the next time the
 * thread waits alertably ({@link IoManager#alertableWait}) or calls {@link IoManager#testAlert};
 * queued APCs of a thread that ends are dropped.
 */
@ConsumerType
@FunctionalInterface
public interface IoApcRoutine {

    /**
     * @param apcContext the request's ApcContext
     * @param ioStatusBlock the caller's status block, already written
     */
    void apc(Object apcContext, IoStatusBlock ioStatusBlock);
}
