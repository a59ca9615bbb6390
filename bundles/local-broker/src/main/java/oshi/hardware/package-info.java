/** Stand-ins for OSHI's hardware types; see {@code oshi/package-info.java}. */
package oshi.hardware;
