/**
 * Who may connect, publish and play: the {@link org.rtmpcluster.auth.Authorizer} every session asks, the schemes it
 * combines per action ({@link org.rtmpcluster.auth.AuthPolicy}), and the credentials they read (signed tokens, JWT,
 * a webhook, {@code authmod=adobe} passwords). Below {@code server}, which calls it; imports only {@code media} and
 * {@code budget}.
 */
package org.rtmpcluster.auth;
