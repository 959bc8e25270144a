package org.raftlite.cdc;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The TLS of an {@code https} CDC endpoint from rqlite's {@code tls} keys: PEM files for the CA that signs the
 * endpoint's certificate and for the certificate and (PKCS#8) key this node presents; {@code insecure_skip_verify}
 * trusts any certificate under any name. {@code server_name} is refused at start: the JDK's client checks the
 * certificate against the URL's host only, and a setting that silently did nothing would be worse than none.
 */
final class SinkTls {

    private SinkTls() {
    }

    static SSLContext context(CdcConfig.Tls tls) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        KeyManagerFactory keys = null;
        if (!tls.certFile().isEmpty()) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            Collection<? extends Certificate> chain = certificates(tls.certFile());
            store.setKeyEntry("client", privateKey(tls.keyFile()), new char[0], chain.toArray(new Certificate[0]));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
        }
        TrustManager[] trust = null;
        if (tls.insecureSkipVerify()) {
            trust = new TrustManager[] {new TrustingEverything()};
        } else if (!tls.caCertFile().isEmpty()) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (Certificate ca : certificates(tls.caCertFile())) {
                store.setCertificateEntry("ca" + n++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            trust = factory.getTrustManagers();
        }
        context.init(keys == null ? null : keys.getKeyManagers(), trust, null);
        return context;
    }

    private static Collection<? extends Certificate> certificates(String file) throws Exception {
        try (var in = Files.newInputStream(Path.of(file))) {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certs.isEmpty()) {
                throw new CdcConfig.Invalid("cdc: no certificate in " + file);
            }
            return certs;
        }
    }

    private static PrivateKey privateKey(String file) throws Exception {
        String pem = Files.readString(Path.of(file));
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new CdcConfig.Invalid("cdc: " + file + " must hold a PKCS#8 PEM key (BEGIN PRIVATE KEY)");
        }
        String base64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
                pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (java.security.spec.InvalidKeySpecException notThisOne) {
                // the PEM does not say which; try the next
            }
        }
        throw new CdcConfig.Invalid("cdc: the key in " + file + " is neither RSA, EC nor Ed25519");
    }

    /** Go's {@code InsecureSkipVerify}: no check of the chain, nor of the name. */
    private static final class TrustingEverything extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
