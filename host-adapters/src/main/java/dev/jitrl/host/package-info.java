/** Hosts for JitRL plugins: the Selenium web agent, policies, the PF4J bootstrap and the command line. */
package dev.jitrl.host;
