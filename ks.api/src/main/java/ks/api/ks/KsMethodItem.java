package ks.api.ks;

/**
 * KSMETHOD_ITEM: one method of a method set. The handler gets the KSMETHOD request and the
 * caller's data buffer (read for WRITE/SEND, written for READ/MODIFY); {@code minMethod} and
 * {@code minData} are checked first.
 *
 * @param flags the KSMETHOD_TYPE_* the method is of (READ, WRITE, MODIFY, SOURCE, NONE)
 */
public record KsMethodItem(int methodId, int flags, KsPropertyItem.Handler handler, int minMethod, int minData) {
}
