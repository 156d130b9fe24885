;; The models' heavy kernels on WebAssembly SIMD (see simdKernels.ts): the SNN's f32 matrix product and alpha
;; dropout, softmax regression's f64 matrix product. All arrays live in this module's memory, passed as byte
;; addresses.
(module
  (memory (export "memory") 1)

  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; out[r, j] = init + s
  (func $emit (param $out i32) (param $n i32) (param $r i32) (param $j i32) (param $bias i32) (param $acc i32) (param $s f32)
    (local $addr i32)
    (local.set $addr (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $n)) (local.get $j)) (i32.const 2))))
    (f32.store (local.get $addr)
      (f32.add
        (if (result f32) (local.get $acc)
          (then (f32.load (local.get $addr)))
          (else (if (result f32) (local.get $bias)
            (then (f32.load (i32.add (local.get $bias) (i32.shl (local.get $j) (i32.const 2)))))
            (else (f32.const 0)))))
        (local.get $s))))

  ;; out (m × n) = a (m × kk) · bᵀ (b: n × kk), f32, row-major. kk must be a multiple of 4 (the caller pads rows
  ;; with zeros). Each output starts from bias[j] (bias ≠ 0), or from what out holds (acc ≠ 0), else 0. Tiles of
  ;; 2 rows × 4 columns keep eight f32x4 sums in registers.
  (func (export "gemmABt")
    (param $a i32) (param $b i32) (param $out i32) (param $m i32) (param $n i32) (param $kk i32) (param $bias i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $p i32) (local $n4 i32) (local $row i32) (local $end i32) (local $two i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $row (i32.shl (local.get $kk) (i32.const 2)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $two (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $row))))
        (local.set $a1 (select (i32.add (local.get $a0) (local.get $row)) (local.get $a0) (local.get $two)))
        ;; 2 × 4 tiles
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n4)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $row))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $row)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $row)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $row)))
            (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
            (local.set $s02 (v128.const i32x4 0 0 0 0)) (local.set $s03 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
            (local.set $s12 (v128.const i32x4 0 0 0 0)) (local.set $s13 (v128.const i32x4 0 0 0 0))
            (local.set $p (i32.const 0))
            (block $kDone
              (loop $k
                (br_if $kDone (i32.ge_u (local.get $p) (local.get $row)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $p))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $p))))
                (local.set $y (v128.load (i32.add (local.get $b0) (local.get $p))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b1) (local.get $p))))
                (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b2) (local.get $p))))
                (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b3) (local.get $p))))
                (local.set $s03 (f32x4.add (local.get $s03) (f32x4.mul (local.get $x0) (local.get $y))))
                (local.set $s13 (f32x4.add (local.get $s13) (f32x4.mul (local.get $x1) (local.get $y))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $k)))
            (call $emit (local.get $out) (local.get $n) (local.get $i) (local.get $j) (local.get $bias) (local.get $acc) (call $hsum (local.get $s00)))
            (call $emit (local.get $out) (local.get $n) (local.get $i) (i32.add (local.get $j) (i32.const 1)) (local.get $bias) (local.get $acc) (call $hsum (local.get $s01)))
            (call $emit (local.get $out) (local.get $n) (local.get $i) (i32.add (local.get $j) (i32.const 2)) (local.get $bias) (local.get $acc) (call $hsum (local.get $s02)))
            (call $emit (local.get $out) (local.get $n) (local.get $i) (i32.add (local.get $j) (i32.const 3)) (local.get $bias) (local.get $acc) (call $hsum (local.get $s03)))
            (if (local.get $two) (then
              (call $emit (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (local.get $j) (local.get $bias) (local.get $acc) (call $hsum (local.get $s10)))
              (call $emit (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 1)) (local.get $bias) (local.get $acc) (call $hsum (local.get $s11)))
              (call $emit (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 2)) (local.get $bias) (local.get $acc) (call $hsum (local.get $s12)))
              (call $emit (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 3)) (local.get $bias) (local.get $acc) (call $hsum (local.get $s13)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        ;; the last n mod 4 columns: 2 × 1 tiles
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $row))))
            (local.set $s00 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0))
            (local.set $p (i32.const 0))
            (block $kDone2
              (loop $k2
                (br_if $kDone2 (i32.ge_u (local.get $p) (local.get $row)))
                (local.set $y (v128.load (i32.add (local.get $b0) (local.get $p))))
                (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (v128.load (i32.add (local.get $a0) (local.get $p))) (local.get $y))))
                (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (v128.load (i32.add (local.get $a1) (local.get $p))) (local.get $y))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $k2)))
            (call $emit (local.get $out) (local.get $n) (local.get $i) (local.get $j) (local.get $bias) (local.get $acc) (call $hsum (local.get $s00)))
            (if (local.get $two) (then
              (call $emit (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (local.get $j) (local.get $bias) (local.get $acc) (call $hsum (local.get $s10)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))
;; gemmABt in f64 (f64x2 lanes): kk must be even (rows padded with zeros); out starts from what it holds (acc ≠ 0)
  ;; or 0. Tiles of 2 rows × 4 columns.
  (func $hsum2 (param $v v128) (result f64)
    (f64.add (f64x2.extract_lane 0 (local.get $v)) (f64x2.extract_lane 1 (local.get $v))))

  (func $emit64 (param $out i32) (param $n i32) (param $r i32) (param $j i32) (param $acc i32) (param $s f64)
    (local $addr i32)
    (local.set $addr (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $r) (local.get $n)) (local.get $j)) (i32.const 3))))
    (f64.store (local.get $addr)
      (f64.add (if (result f64) (local.get $acc) (then (f64.load (local.get $addr))) (else (f64.const 0))) (local.get $s))))

  (func (export "gemmABtF64")
    (param $a i32) (param $b i32) (param $out i32) (param $m i32) (param $n i32) (param $kk i32) (param $acc i32)
    (local $i i32) (local $j i32) (local $p i32) (local $n4 i32) (local $row i32) (local $two i32)
    (local $a0 i32) (local $a1 i32) (local $b0 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $row (i32.shl (local.get $kk) (i32.const 3)))
    (local.set $n4 (i32.and (local.get $n) (i32.const -4)))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $m)))
        (local.set $two (i32.lt_u (i32.add (local.get $i) (i32.const 1)) (local.get $m)))
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $row))))
        (local.set $a1 (select (i32.add (local.get $a0) (local.get $row)) (local.get $a0) (local.get $two)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $n4)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $row))))
            (local.set $b1 (i32.add (local.get $b0) (local.get $row)))
            (local.set $b2 (i32.add (local.get $b1) (local.get $row)))
            (local.set $b3 (i32.add (local.get $b2) (local.get $row)))
            (local.set $s00 (v128.const i32x4 0 0 0 0)) (local.set $s01 (v128.const i32x4 0 0 0 0))
            (local.set $s02 (v128.const i32x4 0 0 0 0)) (local.set $s03 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0)) (local.set $s11 (v128.const i32x4 0 0 0 0))
            (local.set $s12 (v128.const i32x4 0 0 0 0)) (local.set $s13 (v128.const i32x4 0 0 0 0))
            (local.set $p (i32.const 0))
            (block $kDone
              (loop $k
                (br_if $kDone (i32.ge_u (local.get $p) (local.get $row)))
                (local.set $x0 (v128.load (i32.add (local.get $a0) (local.get $p))))
                (local.set $x1 (v128.load (i32.add (local.get $a1) (local.get $p))))
                (local.set $y (v128.load (i32.add (local.get $b0) (local.get $p))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b1) (local.get $p))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b2) (local.get $p))))
                (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $y (v128.load (i32.add (local.get $b3) (local.get $p))))
                (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $x0) (local.get $y))))
                (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $x1) (local.get $y))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $k)))
            (call $emit64 (local.get $out) (local.get $n) (local.get $i) (local.get $j) (local.get $acc) (call $hsum2 (local.get $s00)))
            (call $emit64 (local.get $out) (local.get $n) (local.get $i) (i32.add (local.get $j) (i32.const 1)) (local.get $acc) (call $hsum2 (local.get $s01)))
            (call $emit64 (local.get $out) (local.get $n) (local.get $i) (i32.add (local.get $j) (i32.const 2)) (local.get $acc) (call $hsum2 (local.get $s02)))
            (call $emit64 (local.get $out) (local.get $n) (local.get $i) (i32.add (local.get $j) (i32.const 3)) (local.get $acc) (call $hsum2 (local.get $s03)))
            (if (local.get $two) (then
              (call $emit64 (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (local.get $j) (local.get $acc) (call $hsum2 (local.get $s10)))
              (call $emit64 (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 1)) (local.get $acc) (call $hsum2 (local.get $s11)))
              (call $emit64 (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 2)) (local.get $acc) (call $hsum2 (local.get $s12)))
              (call $emit64 (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (i32.add (local.get $j) (i32.const 3)) (local.get $acc) (call $hsum2 (local.get $s13)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $b0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $row))))
            (local.set $s00 (v128.const i32x4 0 0 0 0))
            (local.set $s10 (v128.const i32x4 0 0 0 0))
            (local.set $p (i32.const 0))
            (block $kDone2
              (loop $k2
                (br_if $kDone2 (i32.ge_u (local.get $p) (local.get $row)))
                (local.set $y (v128.load (i32.add (local.get $b0) (local.get $p))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (v128.load (i32.add (local.get $a0) (local.get $p))) (local.get $y))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (v128.load (i32.add (local.get $a1) (local.get $p))) (local.get $y))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (br $k2)))
            (call $emit64 (local.get $out) (local.get $n) (local.get $i) (local.get $j) (local.get $acc) (call $hsum2 (local.get $s00)))
            (if (local.get $two) (then
              (call $emit64 (local.get $out) (local.get $n) (i32.add (local.get $i) (i32.const 1)) (local.get $j) (local.get $acc) (call $hsum2 (local.get $s10)))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))

  ;; mulberry32 of four consecutive states (state_i = seed + i·0x6d2b79f5, the generator is counter-based), as
  ;; uniform f32 numbers u = r / 2³² (exactly Rng.fillUniform's float32 values).
  (func $uniform4 (param $st v128) (result v128)
    (local $t v128)
    (local.set $t (i32x4.mul
      (v128.xor (local.get $st) (i32x4.shr_u (local.get $st) (i32.const 15)))
      (v128.or (local.get $st) (i32x4.splat (i32.const 1)))))
    (local.set $t (v128.xor (local.get $t)
      (i32x4.add (local.get $t) (i32x4.mul
        (v128.xor (local.get $t) (i32x4.shr_u (local.get $t) (i32.const 7)))
        (v128.or (local.get $t) (i32x4.splat (i32.const 61)))))))
    (f32x4.mul
      (f32x4.convert_i32x4_u (v128.xor (local.get $t) (i32x4.shr_u (local.get $t) (i32.const 14))))
      (f32x4.splat (f32.const 0x1p-32))))

  ;; f32(x·a + b) in double precision, as JS computes it, for four f32 lanes.
  (func $affine4 (param $x v128) (param $a f64) (param $b f64) (result v128)
    (local $lo v128) (local $hi v128)
    (local.set $lo (f64x2.add (f64x2.mul (f64x2.promote_low_f32x4 (local.get $x)) (f64x2.splat (local.get $a))) (f64x2.splat (local.get $b))))
    (local.set $hi (f64x2.add
      (f64x2.mul (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))) (f64x2.splat (local.get $a)))
      (f64x2.splat (local.get $b))))
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))

  ;; Alpha dropout of x[0..len) (len rounded up to 4: the caller's buffers are padded) into out, with the factor
  ;; (a or 0) per element in keep: kept where u ≥ threshold (the smallest f32 ≥ the rate, so that the f32 compare
  ;; equals JS's u ≥ rate), out = f32(x·a + b); dropped: out = dropped, keep = 0.
  (func (export "alphaDropout")
    (param $x i32) (param $out i32) (param $keep i32) (param $len i32) (param $threshold f32)
    (param $a f64) (param $b f64) (param $dropped f32) (param $seed i32)
    (local $i i32) (local $st v128) (local $mask v128) (local $end i32)
    (local.set $st (i32x4.add (i32x4.splat (local.get $seed))
      (i32x4.mul (v128.const i32x4 1 2 3 4) (i32x4.splat (i32.const 0x6d2b79f5)))))
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $mask (f32x4.ge (call $uniform4 (local.get $st)) (f32x4.splat (local.get $threshold))))
        (v128.store (i32.add (local.get $out) (local.get $i))
          (v128.bitselect
            (call $affine4 (v128.load (i32.add (local.get $x) (local.get $i))) (local.get $a) (local.get $b))
            (f32x4.splat (local.get $dropped))
            (local.get $mask)))
        (v128.store (i32.add (local.get $keep) (local.get $i))
          (v128.and (f32x4.splat (f32.demote_f64 (local.get $a))) (local.get $mask)))
        ;; four states on: 4 · 0x6d2b79f5 mod 2³²
        (local.set $st (i32x4.add (local.get $st) (i32x4.splat (i32.const 0xb4ade7d4))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))
;; The high two f32 lanes of x as f64x2.
  (func $promoteHigh (param $x v128) (result v128)
    (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $x) (local.get $x))))

  ;; Two f64x2 halves back into one f32x4.
  (func $demote4 (param $lo v128) (param $hi v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))

  ;; One Adam step on two f64 lanes of p, g, m, v: returns the new p; writes m and v into the globals below.
  (global $mOut (mut v128) (v128.const i32x4 0 0 0 0))
  (global $vOut (mut v128) (v128.const i32x4 0 0 0 0))
  (func $adam2 (param $p v128) (param $g v128) (param $m v128) (param $v v128) (param $decay f64)
    (param $lr f64) (param $b1 f64) (param $b2 f64) (param $eps f64) (param $c1 f64) (param $c2 f64) (result v128)
    ;; Each value is rounded to f32 where the TypeScript version stores it (g + decay·p, m, v), so both agree bit for bit.
    (if (f64.ne (local.get $decay) (f64.const 0)) (then
      (local.set $g (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
        (f64x2.add (local.get $g) (f64x2.mul (f64x2.splat (local.get $decay)) (local.get $p))))))))
    (local.set $m (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
      (f64x2.add (f64x2.mul (f64x2.splat (local.get $b1)) (local.get $m))
                 (f64x2.mul (f64x2.splat (f64.sub (f64.const 1) (local.get $b1))) (local.get $g))))))
    (local.set $v (f64x2.promote_low_f32x4 (f32x4.demote_f64x2_zero
      (f64x2.add (f64x2.mul (f64x2.splat (local.get $b2)) (local.get $v))
                 (f64x2.mul (f64x2.mul (f64x2.splat (f64.sub (f64.const 1) (local.get $b2))) (local.get $g)) (local.get $g))))))
    (global.set $mOut (local.get $m))
    (global.set $vOut (local.get $v))
    (f64x2.sub (local.get $p)
      (f64x2.div
        (f64x2.mul (f64x2.splat (local.get $lr)) (f64x2.div (local.get $m) (f64x2.splat (local.get $c1))))
        (f64x2.add (f64x2.sqrt (f64x2.div (local.get $v) (f64x2.splat (local.get $c2)))) (f64x2.splat (local.get $eps))))))

  ;; Adam over len (rounded up to 4) f32 values of p, g, m, v in place (mlpKernels.ts adamUpdate).
  (func (export "adam")
    (param $p i32) (param $g i32) (param $m i32) (param $v i32) (param $len i32) (param $decay f64)
    (param $lr f64) (param $b1 f64) (param $b2 f64) (param $eps f64) (param $c1 f64) (param $c2 f64)
    (local $i i32) (local $end i32) (local $P v128) (local $G v128) (local $M v128) (local $V v128)
    (local $lo v128) (local $mLo v128) (local $vLo v128) (local $hi v128)
    (local.set $end (i32.shl (local.get $len) (i32.const 2)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $P (v128.load (i32.add (local.get $p) (local.get $i))))
        (local.set $G (v128.load (i32.add (local.get $g) (local.get $i))))
        (local.set $M (v128.load (i32.add (local.get $m) (local.get $i))))
        (local.set $V (v128.load (i32.add (local.get $v) (local.get $i))))
        (local.set $lo (call $adam2
          (f64x2.promote_low_f32x4 (local.get $P)) (f64x2.promote_low_f32x4 (local.get $G))
          (f64x2.promote_low_f32x4 (local.get $M)) (f64x2.promote_low_f32x4 (local.get $V))
          (local.get $decay) (local.get $lr) (local.get $b1) (local.get $b2) (local.get $eps) (local.get $c1) (local.get $c2)))
        (local.set $mLo (global.get $mOut))
        (local.set $vLo (global.get $vOut))
        (local.set $hi (call $adam2
          (call $promoteHigh (local.get $P)) (call $promoteHigh (local.get $G))
          (call $promoteHigh (local.get $M)) (call $promoteHigh (local.get $V))
          (local.get $decay) (local.get $lr) (local.get $b1) (local.get $b2) (local.get $eps) (local.get $c1) (local.get $c2)))
        (v128.store (i32.add (local.get $p) (local.get $i)) (call $demote4 (local.get $lo) (local.get $hi)))
        (v128.store (i32.add (local.get $m) (local.get $i)) (call $demote4 (local.get $mLo) (global.get $mOut)))
        (v128.store (i32.add (local.get $v) (local.get $i)) (call $demote4 (local.get $vLo) (global.get $vOut)))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $next))))

;; dst (cols × stride) = srcᵀ for src (rows × cols), f32; columns rows..stride of dst are set to 0.
  (func (export "transpose") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32) (param $stride i32)
    (local $r i32) (local $c i32) (local $from i32) (local $to i32)
    (block $colsDone
      (loop $colsLoop
        (br_if $colsDone (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $from (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $to (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $c) (local.get $stride)) (i32.const 2))))
        (local.set $r (i32.const 0))
        (block $rowsDone
          (loop $rowsLoop
            (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $stride)))
            (f32.store (i32.add (local.get $to) (i32.shl (local.get $r) (i32.const 2)))
              (if (result f32) (i32.lt_u (local.get $r) (local.get $rows))
                (then (f32.load (i32.add (local.get $from) (i32.shl (i32.mul (local.get $r) (local.get $cols)) (i32.const 2)))))
                (else (f32.const 0))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $rowsLoop)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $colsLoop))))
)
