/**
 * Test support written once for every module's tests: {@link org.mviot.edge.testsupport.FreePorts},
 * {@link org.mviot.edge.testsupport.Await}, {@link org.mviot.edge.testsupport.PeerProcess},
 * {@link org.mviot.edge.testsupport.PtyPair}.
 */
package org.mviot.edge.testsupport;
