package org.raftlite.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/** Where the leader sends each CDC batch: an HTTP(S) endpoint, or standard output. */
interface Sink {

    /** Sends one batch; true when it counts as delivered (rqlite: HTTP 200 or 202). */
    boolean send(byte[] body, Map<String, String> headers) throws IOException;

    /** The endpoint's URI, null for standard output. */
    URI uri();

    static Sink of(CdcConfig config) throws Exception {
        return config.toStdout() ? new Stdout(System.out) : new Http(config);
    }

    /** rqlite's "stdout" sink: each batch's JSON on a line of its own. */
    record Stdout(PrintStream out) implements Sink {
        @Override
        public boolean send(byte[] body, Map<String, String> headers) {
            synchronized (out) {
                out.write(body, 0, body.length);
                out.write('\n');
                out.flush();
            }
            return true;
        }

        @Override
        public URI uri() {
            return null;
        }
    }

    /**
     * A POST of the batch as {@code application/json}, within the configured timeout, on a kept-alive connection.
     * The JDK's URL connection, not its HttpClient: one blocking thread sends one batch at a time, and HttpClient's
     * hand-offs between its selector and worker threads cost the leader more CPU per batch than the rest of CDC.
     */
    final class Http implements Sink {
        private final URI uri;
        private final URL url;
        private final int timeoutMs;
        private final SSLSocketFactory tls;

        Http(CdcConfig config) throws Exception {
            this.uri = URI.create(config.endpoint());
            this.url = uri.toURL();
            this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.transmitTimeout().toMillis()));
            this.tls = config.tls() != null && uri.getScheme().equalsIgnoreCase("https")
                    ? SinkTls.context(config.tls()).getSocketFactory() : null;
        }

        @Override
        public boolean send(byte[] body, Map<String, String> headers) throws IOException {
            HttpURLConnection c = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
            if (tls != null && c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls);
            }
            c.setConnectTimeout(timeoutMs);
            c.setReadTimeout(timeoutMs);
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            c.setRequestProperty("Content-Type", "application/json");
            headers.forEach(c::setRequestProperty);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            // read to its end, or the connection is not kept for the next batch
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                if (in != null) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
            }
            return status == 200 || status == 202;
        }

        @Override
        public URI uri() {
            return uri;
        }
    }
}
