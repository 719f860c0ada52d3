"""Training data pipeline of the Mouthpiece motion model.

Modules:

* ``corpus``   - reads a corpus built by ``models/training/corpus/buildCorpus.mjs``
  (``corpus.json``, ``manifest.jsonl``, ``data/*.bin``, ``audio/*.wav``; see
  ``models/training/corpus/FORMAT.md``);
* ``frontend`` - the log-mel front end of ``models/features.md`` in torch, on batches;
* ``augment``  - the trainer's on-the-fly audio augmentation
  (``models/training/corpus/README.md``, "On the fly (the trainer)");
* ``spectral`` - VTLP and a random equaliser on the features of training crops;
* ``dataset``  - seeded random crops, balanced sampling and padded batches;
* ``model``    - the motion model (``MotionModel``: streaming step and offline
  forward, ``complexity`` for the parameter/FLOP budget);
* ``losses``   - its training losses and validation metrics.

Only numpy, scipy and torch are needed.
The augmentation function is exported as ``augment_audio`` so that
``mouthpiece_train.augment`` stays the module.
"""

from .corpus import Corpus, CorpusFormatError, Utterance, UtteranceData, read_data, read_header, read_wav
from .frontend import LogMel, frame_count, log_mel, load_spec
from .augment import AugmentConfig, active_power, augment as augment_audio
from .spectral import DEFAULT_SPECTRAL, SpectralConfig, augment_features
from .dataset import CropBatches, UtteranceBatches, sampling_weights
from .model import CONFIGS, SILENCE, ModelConfig, MotionEncoder, MotionModel, complexity, emotion_vector
from .losses import LossWeights, motion_loss

__all__ = [
    "Corpus", "CorpusFormatError", "Utterance", "UtteranceData", "read_data", "read_header", "read_wav",
    "LogMel", "frame_count", "log_mel", "load_spec",
    "AugmentConfig", "augment_audio", "active_power",
    "DEFAULT_SPECTRAL", "SpectralConfig", "augment_features",
    "CropBatches", "UtteranceBatches", "sampling_weights",
    "CONFIGS", "SILENCE", "ModelConfig", "MotionEncoder", "MotionModel", "complexity", "emotion_vector",
    "LossWeights", "motion_loss",
]
