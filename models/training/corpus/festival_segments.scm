;; Festival side of festivalTimings.mjs: synthesises many utterances in one
;; festival process and prints each one's segments.
;;
;; Usage: festival --batch festival_segments.scm BATCH.scm
;; where BATCH.scm holds one call per utterance:
;;   (mouthpiece.synth INDEX "VOICE" "OUT.wav" "TEXT" SEED)
;; (VOICE without the voice_ prefix, e.g. "kal_diphone"; TEXT in the voice's
;; encoding; SEED an integer for festival's random generator, reset before
;; each utterance: the Czech voices draw their intonation from it, which
;; otherwise depends on the utterances synthesised before in the process).
;; Output, one tab-separated line each, prefixed MP so festival's own
;; messages can be told apart:
;;   MP BEGIN INDEX
;;   MP WAVE SAMPLE_RATE SAMPLES
;;   MP SEG NAME START END VC STRESS WORD_INDEX   (per Segment item; VC is
;;        ph_vc, STRESS the syllable's stress, WORD_INDEX 0 for pauses)
;;   MP WORD WORD_INDEX START NAME                 (per Word item)
;;   MP END INDEX            or    MP ERROR INDEX MESSAGE
;; A failing utterance prints ERROR and the batch goes on.
;;
;; Voices leave global state behind that the next voice may not set (the
;; Czech voices' Int_Method, pause and word methods, after_analysis_hooks,
;; token punctuation; the Hindi/Marathi/Telugu voices then fail with
;; "Feature StressUnit not defined"; after the Russian voice the Finnish
;; ones fail with "Phone k does not have feature csoft"). So before a voice
;; is selected the parameters and the variables below are put back as they
;; were when this script was loaded: every voice starts from the same state,
;; whatever the batch held before it.

(defvar mouthpiece.voice nil)

(defvar mouthpiece.state-vars
  '(after_analysis_hooks after_synth_hooks postlex_rules_hooks postlex_vowel_reduce_cart_tree
    UniSyn_module_hooks diphone_module_hooks
    token_to_words token.punctuation token.prepunctuation token.whitespace
    token.singlecharsymbols token.unknown_word_name
    pos_lex_name pos_supported pos_ngram_name pos_p_start_tag pos_pp_start_tag pos_map guess_pos
    phrase_cart_tree phr_break_params
    int_accent_cart_tree int_tone_cart_tree int_general_params int_simple_params int_lr_params
    f0_lr_start f0_lr_mid f0_lr_end
    duration_cart_tree duration_ph_info energy_cart_tree energy_ph_info
    us_abs_offset us_rel_offset us_gain window_factor))

(defvar mouthpiece.base-params (feats.tolisp Param))

(defvar mouthpiece.base-vars
  (mapcar
   (lambda (v) (list v (if (symbol-bound? v) (symbol-value v) nil)))
   mouthpiece.state-vars))

(define (mouthpiece.restore)
  (mapcar
   (lambda (p)
     (if (not (assoc (car p) mouthpiece.base-params))
         (feats.remove Param (car p))))
   (feats.tolisp Param))
  (mapcar (lambda (p) (feats.set Param (car p) (cadr p))) mouthpiece.base-params)
  (mapcar
   (lambda (v)
     (if (symbol-bound? (car v))
         (set-symbol-value! (car v) (cadr v))))
   mouthpiece.base-vars))

(define (mouthpiece.line . fields)
  (format t "MP")
  (mapcar (lambda (f) (format t "\t%s" f)) fields)
  (format t "\n"))

(define (mouthpiece.select voice)
  (if (not (equal? voice mouthpiece.voice))
      (begin
        (mouthpiece.restore)
        (eval (list (intern (string-append "voice_" voice))))
        (set! mouthpiece.voice voice))))

(define (mouthpiece.segments utt)
  (let ((words (utt.relation.items utt 'Word)) (k 0))
    (mapcar
     (lambda (w)
       (set! k (+ k 1))
       (item.set_feat w "mouthpiece_index" k)
       (mouthpiece.line "WORD" k
                        (item.feat w "R:SylStructure.daughter1.daughter1.segment_start")
                        (item.name w)))
     words))
  (mapcar
   (lambda (s)
     (mouthpiece.line "SEG" (item.name s)
                      (item.feat s "segment_start")
                      (item.feat s "end")
                      (item.feat s "ph_vc")
                      (item.feat s "R:SylStructure.parent.stress")
                      (item.feat s "R:SylStructure.parent.parent.R:Word.mouthpiece_index")))
   (utt.relation.items utt 'Segment)))

(define (mouthpiece.run index voice wav text seed)
  (if (not (member_string voice (mapcar (lambda (v) (format nil "%s" v)) (voice.list))))
      (mouthpiece.line "ERROR" index "unknown voice")
      (begin
        (mouthpiece.select voice)
        ;; czech.scm sizes its random range from 100 draws at its first use:
        ;; drawn afresh after the seed, every utterance draws the same way
        (if (symbol-bound? 'czech-rand-range) (set! czech-rand-range nil))
        (srand seed)
        (let ((utt (utt.synth (eval (list (quote Utterance) (quote Text) text)))))
          (utt.save.wave utt wav 'riff)
          (mouthpiece.line "BEGIN" index)
          (mouthpiece.line "WAVE" (wave.info.rate (utt.wave utt)) (wave.info.samples (utt.wave utt)))
          (mouthpiece.segments utt)
          (mouthpiece.line "END" index)))))

(define (wave.info.rate w) (cadr (assoc 'sample_rate (wave.info w))))
(define (wave.info.samples w) (cadr (assoc 'num_samples (wave.info w))))

(defvar mouthpiece.done nil)

(define (mouthpiece.synth index voice wav text seed)
  (set! mouthpiece.done nil)
  (unwind-protect
   (begin
     (mouthpiece.run index voice wav text seed)
     (set! mouthpiece.done t))
   ;; SIOD runs this form after an error (the batch then goes on)
   (if (not mouthpiece.done)
       (begin
         (set! mouthpiece.voice nil) ; a half-selected voice is reselected next time
         (mouthpiece.line "ERROR" index "synthesis failed (festival's message is on stderr)")))))
