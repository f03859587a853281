package ks.api.ks;

/**
 * KSCOMPLETION_INVOCATION: when KsStreamIo's completion routine runs; maps one to one onto
 * SL_INVOKE_ON_SUCCESS / _ERROR / _CANCEL.
 */
public final class KsCompletionInvocation {

    public static final int KsInvokeOnSuccess = 1;
    public static final int KsInvokeOnError = 2;
    public static final int KsInvokeOnCancel = 4;

    private KsCompletionInvocation() {
    }
}
