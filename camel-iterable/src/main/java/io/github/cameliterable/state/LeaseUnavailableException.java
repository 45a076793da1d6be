package io.github.cameliterable.state;

/** Another process held the sync for longer than a run may wait: this run read and sent nothing. */
public class LeaseUnavailableException extends StateStoreException {

    private static final long serialVersionUID = 1L;

    public LeaseUnavailableException(String message) {
        super(message);
    }
}
