<CsoundSynthesizer>
<CsOptions>
; headless: the dummy real-time audio module paces the performance, no
; sound device needed
-odac -+rtaudio=null -d --nodisplays -+msg_color=0
</CsOptions>
<CsInstruments>
; the orchestra of tests/consumers/progs/csound.sh: three websocket opcodes
; (three lws contexts, each with a service thread of its own)
sr = 8000
ksmps = 80
nchnls = 1
0dbfs = 1

; port 9200: kCount (sent, a k-cycle counter) and kRecv (received)
instr 1
kCount init 0
kCount = kCount + 1
kRecv websocket 9200, kCount
printk2 kRecv
endin

; port 9201: an a-rate ramp, one message of ksmps samples per k-cycle (the
; opcode needs an output: kNone, never written)
instr 2
aRamp linseg 0, p3, 1
kNone websocket 9201, aRamp
endin

; port 9202: a k-rate array (a received string output, SRecv, is refused
; by the opcode in csound 6.18: "must not be initialised")
instr 3
kArr[] fillarray 1, 2, 3, 4
kNone2 websocket 9202, kArr
endin
</CsInstruments>
<CsScore>
i 1 0 @DUR@
i 2 0 @DUR@
i 3 0 @DUR@
</CsScore>
</CsoundSynthesizer>
