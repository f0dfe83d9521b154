/**
 * Local web task sites for the web-agent benchmark: a shop, an admin back office and a forum served by the
 * JDK's HTTP server on 127.0.0.1, a declarative task suite and checks that read the server's state.
 * {@link dev.jitrl.host.sites.LocalSites} is the entry point.
 */
package dev.jitrl.host.sites;
