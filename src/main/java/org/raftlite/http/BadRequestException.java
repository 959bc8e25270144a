package org.raftlite.http;

/** A request rqlite would refuse with 400 and this plain-text message. */
final class BadRequestException extends RuntimeException {

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
