package org.raftlite.cdc;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Where the leader sends each CDC batch: an HTTP(S) endpoint, or standard output. */
interface Sink {

    /** Sends one batch; true when it counts as delivered (rqlite: HTTP 200 or 202). */
    boolean send(byte[] body, Map<String, String> headers) throws IOException, InterruptedException;

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

    /** A POST of the batch as {@code application/json}, within the configured timeout. */
    final class Http implements Sink {
        private final URI uri;
        private final HttpClient client;
        private final Duration timeout;

        Http(CdcConfig config) throws Exception {
            this.uri = URI.create(config.endpoint());
            this.timeout = config.transmitTimeout();
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(timeout);
            if (config.tls() != null && uri.getScheme().equalsIgnoreCase("https")) {
                builder.sslContext(SinkTls.context(config.tls()));
            }
            this.client = builder.build();
        }

        @Override
        public boolean send(byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            int status = client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 200 || status == 202;
        }

        @Override
        public URI uri() {
            return uri;
        }
    }
}
