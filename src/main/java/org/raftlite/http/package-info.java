/**
 * rqlite's HTTP API. The data endpoints are Vert.x routes ({@code DataEndpoints}): each request is read
 * ({@code BodyLimit}), parsed ({@code QueryParams}, {@code RequestParser}) and validated once into a
 * {@link org.raftlite.command.Request}, handed to {@link org.raftlite.store.Store#handle}, and its outcome rendered
 * ({@code JsonResponses}, {@code ResultsJson}, {@code json.GoJson}) or, when this node cannot serve it, handed to
 * {@code LeaderProxy}, the one class that goes to the leader (the HTTP hop, the 301 of {@code ?redirect}, or 503
 * {@code leader not found}). The other endpoints are Quarkus REST resources. Errors reach clients in rqlited's
 * shapes through {@code ErrorMappers} (Quarkus REST) and {@code RqliteRouting.failed} (Vert.x), which answer
 * alike. Routes run in this order: rqlite's headers and CORS ({@code RqliteRouting}), expvar counting
 * ({@code DebugVarsResource}), auth ({@code AccessControl}), the body limit, then the endpoints.
 */
package org.raftlite.http;
